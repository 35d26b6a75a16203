package io.shepherd.streams.validation;

/** Why a record cannot be processed: a machine-readable reason (the dead-letter reason) and a sentence for people. */
public record Rejection(String reason, String detail) {

    public static final String UNDECODABLE = "UNDECODABLE";
    public static final String NAN_VALUE = "NAN_VALUE";
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String WRONG_TYPE = "WRONG_TYPE";
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";
    public static final String LATE = "LATE";

    /** A record of a version no lifecycle event deploys. */
    public static Rejection unknownVersion(String modelId, String version) {
        return new Rejection(UNKNOWN_MODEL, "no lifecycle event deploys " + modelId + " version " + version);
    }
}
