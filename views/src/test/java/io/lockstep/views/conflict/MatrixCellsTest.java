package io.lockstep.views.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.conflict.ConflictCell;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The matrix drawn on one canvas still answers which pair is where. */
class MatrixCellsTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static ConflictsViewModel.Pair pair(String a, String b) {
        return a.equals("delete") && b.equals("extend") ? null : new ConflictsViewModel.Pair(a, b, List.of(
                new ConflictCell("share", a, b, "same", "available", "exclusive", "one wins", null, null, null, null,
                        null, null)));
    }

    @Test
    void eachPointOfTheCanvasIsThePairDrawnThereOrNone() throws Exception {
        List<ConflictsViewModel.Pair> selected = new ArrayList<>();
        MatrixCells cells = WaitForAsyncUtils.asyncFx(() -> {
            MatrixCells m = new MatrixCells(MatrixCellsTest::pair, selected::add);
            m.show(List.of("delete", "extend"), List.of("delete", "extend", "shrink"));
            return m;
        }).get(10, TimeUnit.SECONDS);
        double w = MatrixCells.CELL_W + MatrixCells.GAP;
        double h = MatrixCells.CELL_H + MatrixCells.GAP;
        assertThat(cells.getWidth()).isEqualTo(3 * w - MatrixCells.GAP);
        assertThat(cells.getHeight()).isEqualTo(2 * h - MatrixCells.GAP);
        assertThat(cells.at(5, 5)).extracting(ConflictsViewModel.Pair::a, ConflictsViewModel.Pair::b)
                .containsExactly("delete", "delete");
        assertThat(cells.at(2 * w + 5, h + 5)).extracting(ConflictsViewModel.Pair::a, ConflictsViewModel.Pair::b)
                .containsExactly("extend", "shrink");
        assertThat(cells.at(w + 5, 5)).as("no pair there").isNull();
        assertThat(cells.at(MatrixCells.CELL_W + 1, 5)).as("the gap between two cells").isNull();
        assertThat(cells.at(3 * w + 5, 5)).as("right of the matrix").isNull();
        assertThat(MatrixCells.describe(cells.at(5, 5))).contains("delete against delete").contains("one wins")
                .contains("not raced for real yet");
    }
}
