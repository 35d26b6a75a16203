package io.shepherd.alerting.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The link from a notification to the model-health dashboard in Kibana, filtered to one model version. */
public final class KibanaLink {

    public static final String DASHBOARD_ID = "shepherd-model-health";

    private KibanaLink() {
    }

    public static String forVersion(String kibanaUrl, String modelId, String modelVersion) {
        String kuery = "modelId:\"" + modelId + "\" and modelVersion:\"" + modelVersion + "\"";
        // Rison quotes strings with ' and escapes ' and ! with !.
        String rison = "'" + kuery.replace("!", "!!").replace("'", "!'") + "'";
        String base = kibanaUrl.endsWith("/") ? kibanaUrl.substring(0, kibanaUrl.length() - 1) : kibanaUrl;
        return base + "/app/dashboards#/view/" + DASHBOARD_ID + "?_g=(time:(from:now-24h,to:now))&_a=(query:(language:kuery,query:"
                + URLEncoder.encode(rison, StandardCharsets.UTF_8).replace("+", "%20") + "))";
    }
}
