package io.shepherd.projections.challenger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.shepherd.events.ChallengerCompared;
import io.shepherd.events.SignificanceTest;
import io.shepherd.projections.document.ProjectedDocument;
import io.shepherd.projections.document.Projection;
import io.shepherd.projections.document.ProjectionIndex;
import io.shepherd.projections.document.Times;

/**
 * One document per challenger and window, the latest revision winning; {@code modelVersion} is the challenger, the
 * version under judgement, so a drill-down on a canary shows its verdicts.
 */
public final class ChallengerProjection implements Projection<ChallengerCompared> {

    public record Document(@JsonProperty("@timestamp") String timestamp, String eventId, String modelId,
                           String modelVersion, String championVersion, String challengerVersion,
                           String challengerVariant, String windowStart, String windowEnd, int revision,
                           String verdict, String decidingTest, Double pValue, Double effectSize, List<Test> tests) {
    }

    public record Test(String metric, String test, double championValue, double challengerValue, long championN,
                       long challengerN, double statistic, double pValue, double effectSize, boolean higherIsBetter) {
    }

    @Override
    public Class<ChallengerCompared> eventType() {
        return ChallengerCompared.class;
    }

    @Override
    public ProjectionIndex index() {
        return ProjectionIndex.CHALLENGER_VERDICTS;
    }

    @Override
    public ProjectedDocument toDocument(ChallengerCompared e) {
        Document doc = new Document(Times.iso(e.getWindowEnd()), e.getEventId(), e.getModelId(), e.getChallengerVersion(),
                e.getChampionVersion(), e.getChallengerVersion(), e.getChallengerVariant().name(),
                Times.iso(e.getWindowStart()), Times.iso(e.getWindowEnd()), e.getRevision(), e.getVerdict().name(),
                e.getDecidingTest(), e.getPValue(), e.getEffectSize(),
                e.getTests().stream().map(ChallengerProjection::test).toList());
        String id = "challenger:" + e.getModelId() + ":" + e.getChampionVersion() + ":" + e.getChallengerVersion() + ":"
                + e.getWindowStart().toEpochMilli() + ":" + e.getWindowEnd().toEpochMilli();
        return new ProjectedDocument(index().indexName(), id, e.getRevision() + 1L, doc);
    }

    private static Test test(SignificanceTest t) {
        return new Test(t.getMetric(), t.getTest(), t.getChampionValue(), t.getChallengerValue(), t.getChampionN(),
                t.getChallengerN(), t.getStatistic(), t.getPValue(), t.getEffectSize(), t.getHigherIsBetter());
    }
}
