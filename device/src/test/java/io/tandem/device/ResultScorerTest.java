package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tandem.device.ResultScorer.Outcome;
import org.junit.jupiter.api.Test;

class ResultScorerTest {

    private static final double HORIZON = 12;

    @Test
    void aFirstAnswerIsScoredAndARepeatCountsOnlyAsADuplicate() {
        ResultScorer scorer = new ResultScorer(HORIZON);
        scorer.captured(0, 3, 1.0);
        scorer.captured(1, 5, 1.1);

        assertThat(scorer.answer(Answers.of("cam-1", 0, 3, 0), 1.25)).isEqualTo(Outcome.FIRST);
        assertThat(scorer.answer(Answers.of("cam-1", 1, 4, 0), 1.5))
                .as("wrong class, still answered")
                .isEqualTo(Outcome.FIRST);
        assertThat(scorer.answer(Answers.of("cam-1", 0, 3, 0), 1.6)).isEqualTo(Outcome.DUPLICATE);
        assertThat(scorer.answer(Answers.of("cam-1", 9, 3, 0), 1.6))
                .as("never captured")
                .isEqualTo(Outcome.UNKNOWN);

        assertThat(scorer.answered()).isEqualTo(2);
        assertThat(scorer.correct()).isEqualTo(1);
        assertThat(scorer.duplicates()).isEqualTo(1);
        assertThat(scorer.awaiting()).isZero();
        assertThat(scorer.latenciesSorted())
                .containsExactly(new double[] {0.25, 0.4}, within(1e-9));
        assertThat(scorer.recentLatenciesMs())
                .containsExactly(new double[] {250, 400}, within(1e-6));
    }

    @Test
    void theRoundTripIsTheNetworksShareFromWhenTheFrameLeft() {
        ResultScorer scorer = new ResultScorer(HORIZON);
        scorer.captured(0, 1, 0.0);
        scorer.left(0, 0.3); // queued and on the link for 0.3 s: not the network's round trip
        scorer.answer(Answers.of("cam-1", 0, 1, 50_000), 0.45); // 50 ms of it at the edge
        assertThat(scorer.recentRoundTripSeconds()).isCloseTo(0.1, within(1e-9));

        scorer.captured(1, 1, 1.0); // answered without a send time: no round trip to measure
        scorer.answer(Answers.of("cam-1", 1, 1, 0), 9.0);
        assertThat(scorer.recentRoundTripSeconds()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void theRoundTripIsTheMedianOfTheLastFiftyAnswers() {
        ResultScorer scorer = new ResultScorer(HORIZON);
        for (int i = 0; i < 100; i++) {
            scorer.captured(i, 1, 0.0);
            scorer.left(i, 0.0);
            scorer.answer(Answers.of("cam-1", i, 1, 0), i < 60 ? 1.0 : 0.1); // the link got faster
        }
        assertThat(scorer.recentRoundTripSeconds())
                .as("40 fast of the last 50")
                .isCloseTo(0.1, within(1e-9));
    }

    @Test
    void aDroppedFrameIsNeitherAwaitedNorUnanswered() {
        ResultScorer scorer = new ResultScorer(HORIZON);
        scorer.captured(0, 1, 0.0);
        scorer.captured(1, 1, 0.1);
        scorer.dropped(0);
        assertThat(scorer.awaiting()).isEqualTo(1);
        assertThat(scorer.answer(Answers.of("cam-1", 0, 1, 0), 0.5)).isEqualTo(Outcome.UNKNOWN);
        assertThat(scorer.unanswered()).isEqualTo(1);
    }

    @Test
    void framesPastTheHorizonAreForgottenSoMemoryStaysBounded() {
        ResultScorer scorer = new ResultScorer(2.0);
        int maxRemembered = 0;
        for (int i = 0; i < 10_000; i++) { // 100 s at 100 Hz, nothing ever answered
            double now = i * 0.01;
            scorer.captured(i, 1, now);
            scorer.forget(now);
            maxRemembered = Math.max(maxRemembered, scorer.remembered());
        }
        assertThat(maxRemembered).as("two seconds' worth").isLessThanOrEqualTo(201);
        assertThat(scorer.unanswered())
                .as("expired ones still count as unanswered")
                .isEqualTo(10_000);
        assertThat(scorer.awaiting()).isEqualTo(scorer.remembered());
        assertThat(scorer.answer(Answers.of("cam-1", 0, 1, 0), 100.0))
                .as("too late")
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(scorer.answered()).isZero();
    }

    @Test
    void repeatsAreRecognisedWithinTheHorizonOnly() {
        ResultScorer scorer = new ResultScorer(2.0);
        scorer.captured(0, 1, 0.0);
        scorer.answer(Answers.of("cam-1", 0, 1, 0), 0.1);
        scorer.forget(1.9);
        assertThat(scorer.answer(Answers.of("cam-1", 0, 1, 0), 1.9)).isEqualTo(Outcome.DUPLICATE);
        scorer.forget(2.1);
        assertThat(scorer.remembered()).isZero();
        assertThat(scorer.answer(Answers.of("cam-1", 0, 1, 0), 2.1)).isEqualTo(Outcome.UNKNOWN);
        assertThat(scorer.unanswered())
                .as("an answered frame never expires as unanswered")
                .isZero();
        assertThat(scorer.duplicates()).isEqualTo(1);
    }

    @Test
    void latenciesPastTheSampleSizeAreSampledButCountedAll() {
        ResultScorer scorer = new ResultScorer(HORIZON, 100);
        for (int i = 0; i < 1_000; i++) {
            scorer.captured(i, 1, i);
            scorer.answer(Answers.of("cam-1", i, 1, 0), i + 0.05);
            scorer.forget(i);
        }
        assertThat(scorer.answered()).isEqualTo(1_000);
        double[] kept = scorer.latenciesSorted();
        assertThat(kept).hasSize(100);
        assertThat(kept[0]).isCloseTo(0.05, within(1e-9));
        assertThat(kept[99]).isCloseTo(0.05, within(1e-9));
    }
}
