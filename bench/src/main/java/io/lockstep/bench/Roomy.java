package io.lockstep.bench;

import io.lockstep.api.quota.QuotaResource;
import io.lockstep.client.LockstepClient;
import java.util.Map;

/**
 * Lifts the quotas of the client's project: a bench measures the service under many creates, and
 * Manila's default limits (50 shares, 1000 GB) would refuse most of them.
 */
final class Roomy {

    private Roomy() {
    }

    static void liftQuotas(LockstepClient c) {
        String project = c.call(c.lockstep().session()).projectId();
        c.call(c.manila().updateQuotas(project, Map.of("quota_set", QuotaResource.lifted())));
    }
}
