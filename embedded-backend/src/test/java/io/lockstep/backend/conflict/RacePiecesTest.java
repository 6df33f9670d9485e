package io.lockstep.backend.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cell's trials split over lanes, and the pieces' results added back into the cell's. */
class RacePiecesTest {

    @Test
    void trialsSplitIntoNearEqualPiecesOfAtMostThePieceSize() {
        assertThat(RaceService.pieces(2)).containsExactly(2);
        assertThat(RaceService.pieces(RaceService.PIECE)).containsExactly(RaceService.PIECE);
        assertThat(RaceService.pieces(200)).hasSize(8).containsOnly(25);
        int[] odd = RaceService.pieces(53);
        assertThat(Arrays.stream(odd).sum()).isEqualTo(53);
        assertThat(odd).hasSize(3);
        assertThat(Arrays.stream(odd).boxed()).allMatch(n -> n == 17 || n == 18);
        assertThat(RaceService.pieces(0)).containsExactly(0);
    }

    @Test
    void piecesAddUpKeepingTheFirstStoriesAndAViolatingRoot() {
        CellRacer.Result clean = new CellRacer.Result(25, 0, List.of(), "root-clean", null);
        CellRacer.Result broken = new CellRacer.Result(25, 2, List.of("s1", "s2"), "root-broken", null);
        CellRacer.Result more = new CellRacer.Result(25, 3, List.of("s3", "s4", "s5"), "root-more", null);

        CellRacer.Result sum = clean.plus(broken).plus(more);

        assertThat(sum.trials()).isEqualTo(75);
        assertThat(sum.violations()).isEqualTo(5);
        assertThat(sum.examples()).containsExactly("s1", "s2", "s3");
        assertThat(sum.exampleRoot()).isEqualTo("root-broken");
        assertThat(sum.skipped()).isNull();
    }

    @Test
    void aCellIsSkippedOnlyWhenEveryPieceWas() {
        CellRacer.Result skipped = CellRacer.Result.skipped("no work to hold");
        CellRacer.Result ran = new CellRacer.Result(10, 0, List.of(), "r", null);

        assertThat(skipped.plus(skipped).skipped()).isEqualTo("no work to hold");
        assertThat(skipped.plus(ran)).isEqualTo(ran);
        assertThat(ran.plus(skipped)).isEqualTo(ran);
    }
}
