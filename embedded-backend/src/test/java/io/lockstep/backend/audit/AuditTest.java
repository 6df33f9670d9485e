package io.lockstep.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.audit.AuditEntry;
import io.lockstep.api.auth.Role;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every write lands in the audit table, accepted or refused, with who, what, the state seen and the outcome. */
class AuditTest {

    private static final String ADMIN = "audit-admin-token-000";
    private static final String OPERATOR = "audit-operator-token-0";
    private static final String VIEWER = "audit-viewer-token-000";
    private static final String OTHER = "audit-other-project-00";
    private ServiceNode node;
    private LockstepClient admin;
    private LockstepClient operator;
    private LockstepClient viewer;
    private LockstepClient other;

    @BeforeEach
    void start() {
        node = ServiceNode.builder()
                .tokens(TokenStore.of(List.of(new TokenStore.Token(ADMIN, Role.ADMIN, "p1"),
                        new TokenStore.Token(OPERATOR, Role.OPERATOR, "p1"),
                        new TokenStore.Token(VIEWER, Role.VIEWER, "p1"),
                        new TokenStore.Token(OTHER, Role.OPERATOR, "p2"))))
                .driver(new io.lockstep.api.lab.DriverSettings(1L, 5L, 0.0, 1000L, 1L))
                .start();
        admin = LockstepClient.connect(node.uri(), ADMIN);
        operator = LockstepClient.connect(node.uri(), OPERATOR);
        viewer = LockstepClient.connect(node.uri(), VIEWER);
        other = LockstepClient.connect(node.uri(), OTHER);
    }

    @AfterEach
    void stop() {
        List.of(admin, operator, viewer, other).forEach(LockstepClient::close);
        node.close();
    }

    private List<AuditEntry> audit(LockstepClient c, String outcome) {
        return c.call(c.lockstep().audit(0, 1000, null, null, null, outcome)).audit();
    }

    @Test
    void acceptedAndRefusedWritesAreRecordedWithWhoWhatSeenAndOutcome() {
        String id = operator.call(operator.manila().createShare(CreateShare.of("audited", 1, "NFS"))).share().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.call(operator.manila().share(id)).share().status()
                .equals("available"));
        assertThatThrownBy(() -> viewer.call(viewer.manila().deleteShare(id))).isInstanceOf(ApiException.class);
        LockstepClient stale = operator.expecting("creating");
        assertThatThrownBy(() -> stale.call(stale.manila().shareAction(id, Actions.extend(2))))
                .isInstanceOf(ApiException.class);
        LockstepClient fresh = operator.expecting("available");
        fresh.call(fresh.manila().shareAction(id, Actions.extend(2)));
        operator.call(operator.manila().shares(java.util.Map.of())); // a read: not audited

        List<AuditEntry> all = audit(admin, null);
        assertThat(all).extracting(AuditEntry::action).containsExactly("create", "delete", "extend", "extend");
        AuditEntry create = all.get(0);
        assertThat(create.targetType()).isEqualTo("share");
        assertThat(create.targetId()).isEqualTo(id);
        assertThat(create.role()).isEqualTo("operator");
        assertThat(create.actor()).startsWith("operator@p1#");
        assertThat(create.outcome()).isEqualTo(200); // Manila answers a create with 200
        assertThat(create.message()).isNull();
        assertThat(create.node()).isNotBlank();

        AuditEntry forbidden = all.get(1);
        assertThat(forbidden.role()).isEqualTo("viewer");
        assertThat(forbidden.outcome()).isEqualTo(403);
        assertThat(forbidden.message()).contains("operator");

        AuditEntry refused = all.get(2);
        assertThat(refused.seen()).isEqualTo("creating");
        assertThat(refused.outcome()).isEqualTo(409);
        assertThat(refused.message()).isNotBlank();
        assertThat(all.get(3).seen()).isEqualTo("available");
        assertThat(all.get(3).accepted()).isTrue();

        assertThat(audit(admin, "refused")).extracting(AuditEntry::outcome).containsExactly(403, 409);
        assertThat(admin.call(admin.lockstep().audit(all.get(1).id(), 10, null, "extend", null, null)).audit())
                .hasSize(2);
    }

    @Test
    void operatorsSeeTheirProjectAndViewersNothing() {
        operator.call(operator.manila().createShare(CreateShare.of("mine", 1, "NFS")));
        other.call(other.manila().createShare(CreateShare.of("theirs", 1, "NFS")));
        assertThat(audit(operator, null)).extracting(AuditEntry::projectId).containsOnly("p1");
        assertThat(audit(other, null)).extracting(AuditEntry::projectId).containsOnly("p2");
        assertThat(audit(admin, null)).hasSize(2);
        assertThatThrownBy(() -> audit(viewer, null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> audit(admin, "maybe")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail().field()).isEqualTo("outcome");
            assertThat(e.detail().allowed()).containsExactly("accepted", "refused");
        });
    }
}
