package io.lockstep.views.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableExportTest {

    record Row(String name, int size) {
    }

    private final List<TableExport.Column<Row>> columns = List.of(
            new TableExport.Column<>("name", Row::name), new TableExport.Column<>("size", Row::size));

    @Test
    void quotesWhatCsvNeedsQuoted() {
        String csv = TableExport.csv(List.of(new Row("a,b", 1), new Row("say \"hi\"", 2), new Row("plain", 3)), columns);
        assertThat(csv).isEqualTo("name,size\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\",2\r\nplain,3\r\n");
    }

    @Test
    void neutralisesSpreadsheetFormulas() {
        assertThat(TableExport.csv(List.of(new Row("=cmd()", 1)), columns)).contains("\"'=cmd()\",1");
    }

    @Test
    void jsonKeepsNumbersAsNumbers() {
        assertThat(TableExport.json(List.of(new Row("x", 5)), columns)).contains("\"size\" : 5");
    }
}
