package io.lockstep.views.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The table's selection model on the FX thread, fed as the cluster model feeds it (records replaced by key). */
class LiveSelectionTest {

    record Row(String name, long heldMs) {
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList(
            new Row("share:a", 1), new Row("share:b", 1), new Row("share:c", 1));
    private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
    private TableView<Row> table;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            if (table == null) {
                table = new TableView<>(rows);
                LiveSelection.bind(table, selected, Row::name);
            }
            return c.call();
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFresherRecordOfTheSelectedRowKeepsItSelectedAndReachesTheViewModel() throws Exception {
        fx(() -> {
            table.getSelectionModel().select(1);
            return null;
        });
        assertThat(selected.get()).isEqualTo(new Row("share:b", 1));
        Row fresher = new Row("share:b", 1200);
        fx(() -> rows.set(1, fresher));
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isSameAs(fresher);
        assertThat(selected.get()).isSameAs(fresher);
    }

    @Test
    void otherRowsComingAndGoingLeaveTheSelectionAlone() throws Exception {
        fx(() -> {
            table.getSelectionModel().select(2);
            rows.remove(0);
            rows.add(0, new Row("share:0", 1));
            return rows.add(new Row("share:d", 1));
        });
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem()).name()).isEqualTo("share:c");
        assertThat(selected.get().name()).isEqualTo("share:c");
    }

    @Test
    void whenTheSelectedRowLeavesNothingIsSelectedRatherThanItsNeighbour() throws Exception {
        fx(() -> {
            table.getSelectionModel().select(1);
            return rows.remove(1);
        });
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isNull();
        assertThat(selected.get()).isNull();
        fx(() -> rows.set(0, new Row("share:a", 99)));
        assertThat(selected.get()).isNull();
    }

    @Test
    void theOperatorsOwnChoicesReachTheViewModel() throws Exception {
        fx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        assertThat(selected.get().name()).isEqualTo("share:a");
        fx(() -> {
            table.getSelectionModel().select(2);
            return null;
        });
        assertThat(selected.get().name()).isEqualTo("share:c");
        fx(() -> {
            table.getSelectionModel().clearSelection();
            return null;
        });
        assertThat(selected.get()).isNull();
    }

    @Test
    void aSelectionMadeByTheViewModelShowsInTheTableAndFollowsItsRow() throws Exception {
        fx(() -> {
            selected.set(new Row("share:c", 1));
            return null;
        });
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex())).isEqualTo(2);
        Row fresher = new Row("share:c", 5);
        fx(() -> rows.set(2, fresher));
        assertThat(selected.get()).isSameAs(fresher);
        fx(() -> {
            selected.set(null);
            return null;
        });
        assertThat(fx(() -> table.getSelectionModel().getSelectedItem())).isNull();
    }
}
