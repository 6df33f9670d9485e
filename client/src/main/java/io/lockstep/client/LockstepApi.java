package io.lockstep.client;

import io.lockstep.api.auth.Session;
import io.lockstep.api.coordination.BreakLock;
import io.lockstep.api.coordination.Leaders;
import io.lockstep.api.coordination.Locks;
import io.lockstep.api.coordination.StepDown;
import io.lockstep.api.event.EventPage;
import io.lockstep.api.job.JobDetail;
import io.lockstep.api.job.JobList;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.DriverStatus;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.api.service.Services;
import io.lockstep.api.statemachine.StateMachines;
import io.lockstep.api.work.WorkList;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** Lockstep's own endpoints under {@code /lockstep/v1/}. The event stream is {@link EventStream}. */
public interface LockstepApi {

    @GET("lockstep/v1/session")
    Call<Session> session();

    @GET("lockstep/v1/state-machines")
    Call<StateMachines> stateMachines();

    /** Live resources per kind and state, exact as of the event id it names. */
    @GET("lockstep/v1/state-counts")
    Call<io.lockstep.api.statemachine.StateCounts> stateCounts();

    /** Every pair of operations of every family with its verdict (the design-time check). */
    @GET("lockstep/v1/conflicts")
    Call<io.lockstep.api.conflict.ConflictMatrix> conflicts();

    /** Admin; races the cells the request selects for real, in the background (202 with the run). */
    @POST("lockstep/v1/conflicts/races")
    Call<io.lockstep.api.conflict.RaceRun> race(@Body io.lockstep.api.conflict.RaceRequest body);

    @GET("lockstep/v1/conflicts/races/{id}")
    Call<io.lockstep.api.conflict.RaceRun> raceRun(@Path("id") String id);

    @GET("lockstep/v1/events/history")
    Call<EventPage> events(@Query("after") long after, @Query("limit") int limit,
                           @Query("resource_type") String resourceType, @Query("resource_id") String resourceId);

    /** As {@link #events(long, int, String, String)} across every project (admins): a race's trials run in one of their own. */
    @GET("lockstep/v1/events/history?all_tenants=true")
    Call<EventPage> eventsOfAllProjects(@Query("after") long after, @Query("limit") int limit,
                                        @Query("resource_type") String resourceType,
                                        @Query("resource_id") String resourceId);

    @GET("lockstep/v1/locks")
    Call<Locks> locks();

    /** Admin; only a lock whose holder's node is gone (neither in the services group nor heartbeating). */
    @POST("lockstep/v1/locks/break")
    Call<Void> breakLock(@Body BreakLock body);

    @GET("lockstep/v1/leaders")
    Call<Leaders> leaders();

    /** Admin; the leader of {@code term} gives leadership up and rejoins at the back. */
    @POST("lockstep/v1/leaders/{name}/step-down")
    Call<Void> stepDown(@Path("name") String election, @Body StepDown body);

    @GET("lockstep/v1/services")
    Call<Services> services();

    /** Jobs, newest first; {@code kind} and {@code status} filter when not null. */
    @GET("lockstep/v1/jobs")
    Call<JobList> jobs(@Query("kind") String kind, @Query("status") String status);

    @GET("lockstep/v1/jobs/{id}")
    Call<JobDetail> job(@Path("id") String id);

    /** The audit log after {@code afterId}, oldest first; {@code outcome} is accepted or refused. */
    @GET("lockstep/v1/audit")
    Call<io.lockstep.api.audit.AuditList> audit(@Query("after_id") long afterId, @Query("limit") int limit,
                                                @Query("actor") String actor, @Query("action") String action,
                                                @Query("target_id") String targetId, @Query("outcome") String outcome);

    /** The jobs' statuses and, per kind, their phases (a migration's task_states). */
    @GET("lockstep/v1/job-machine")
    Call<io.lockstep.api.job.JobMachineDescriptor> jobMachine();

    /** Admin: starts a failed migration again as a new job; answers the new job. */
    @POST("lockstep/v1/jobs/{id}/retry")
    Call<io.lockstep.api.job.JobView> retryJob(@Path("id") String id);

    @GET("lockstep/v1/work")
    Call<WorkList> work();

    @GET("lockstep/v1/lab/nodes")
    Call<LabNodes> labNodes();

    /** {@code action}: stop, kill, pause (with {@code seconds}), expire-session or restart. */
    @POST("lockstep/v1/lab/nodes/{id}/{action}")
    Call<LabNodes> labNodeAction(@Path("id") String id, @Path("action") String action, @Query("seconds") Integer seconds);

    /** Lab only, admin: a process outside the cluster takes a lock and keeps it; answers its name. */
    @POST("lockstep/v1/lab/kill-setup")
    Call<java.util.Map<String, String>> killSetup();

    @GET("lockstep/v1/lab/network")
    Call<io.lockstep.api.lab.NetworkPluginSettings> network();

    @PUT("lockstep/v1/lab/network")
    Call<io.lockstep.api.lab.NetworkPluginSettings> updateNetwork(@Body io.lockstep.api.lab.NetworkPluginSettings patch);

    /** The simulated replication: pools or the link down, a secondary's lag, the leader's poll interval. */
    @GET("lockstep/v1/lab/replication")
    Call<io.lockstep.api.lab.ReplicationSettings> replication();

    @retrofit2.http.PUT("lockstep/v1/lab/replication")
    Call<io.lockstep.api.lab.ReplicationSettings> updateReplication(@Body io.lockstep.api.lab.ReplicationSettings patch);

    /** Lab only, admin: puts the lab back to a known state in the background (202); the report follows. */
    @POST("lockstep/v1/lab/reset")
    Call<io.lockstep.api.lab.LabResetReport> resetLab();

    /** The last (or running) reset's report; 404 when there has been none. */
    @GET("lockstep/v1/lab/reset")
    Call<io.lockstep.api.lab.LabResetReport> labReset();

    @POST("lockstep/v1/lab/stray-lock")
    Call<java.util.Map<String, String>> strayLock(@Query("seconds") Integer seconds);

    @GET("lockstep/v1/lab/driver")
    Call<DriverStatus> driver();

    @PUT("lockstep/v1/lab/driver")
    Call<DriverStatus> updateDriver(@Body DriverSettings patch);

    @GET("lockstep/v1/lab/scenarios")
    Call<io.lockstep.api.lab.ScenarioList> scenarios();

    @POST("lockstep/v1/lab/scenarios/{name}/runs")
    Call<io.lockstep.api.lab.ScenarioRun> startScenario(@Path("name") String name);

    @POST("lockstep/v1/lab/scenario-runs/{id}/next")
    Call<io.lockstep.api.lab.ScenarioRun> nextScenarioStep(@Path("id") String id);

    @GET("lockstep/v1/lab/scenario-runs/{id}")
    Call<io.lockstep.api.lab.ScenarioRun> scenarioRun(@Path("id") String id);
}
