package io.lockstep.views.cluster;

import io.lockstep.api.coordination.Leaders;
import io.lockstep.api.coordination.Locks;
import io.lockstep.api.job.JobList;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.api.service.Services;
import io.lockstep.api.work.WorkList;

/**
 * What the service said about its cluster in one round of questions.
 *
 * @param nodes null when the service is not a lab
 */
public record ClusterState(Locks locks, Leaders leaders, Services services, WorkList work, LabNodes nodes,
                           JobList jobs) {
}
