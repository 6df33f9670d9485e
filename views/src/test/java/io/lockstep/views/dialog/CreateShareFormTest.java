package io.lockstep.views.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreateShareFormTest {

    private final CreateShareForm form = new CreateShareForm();

    @Test
    void namesTheFirstProblemAsTheOperatorTypes() {
        assertThat(form.problem("", "1", "NFS")).startsWith("Name:");
        assertThat(form.problem(" padded", "1", "NFS")).startsWith("Name:");
        assertThat(form.problem("data", "", "NFS")).startsWith("Size:");
        assertThat(form.problem("data", "1.5", "NFS")).isEqualTo("Size: a whole number of GiB, from 1 to 16384.");
        assertThat(form.problem("data", "0", "NFS")).isEqualTo("Size: from 1 to 16384 GiB.");
        assertThat(form.problem("data", "20000", "NFS")).isEqualTo("Size: from 1 to 16384 GiB.");
        assertThat(form.problem("data", "1", "FTP")).startsWith("Protocol: one of NFS, CIFS");
        assertThat(form.problem("team data", "10", "CIFS")).isNull();
    }

    @Test
    void valuesAreTrimmed() {
        assertThat(form.values("x", " 12 ", "NFS")).isEqualTo(new CreateShareForm.Values("x", 12, "NFS"));
    }
}
