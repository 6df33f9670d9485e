package io.lockstep.client;

import io.lockstep.api.backup.CreateShareBackup;
import io.lockstep.api.backup.ShareBackupEnvelope;
import io.lockstep.api.backup.ShareBackupList;
import io.lockstep.api.message.MessageList;
import io.lockstep.api.service.ManilaServiceList;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.ShareEnvelope;
import io.lockstep.api.share.ShareList;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.api.snapshot.SnapshotEnvelope;
import io.lockstep.api.snapshot.SnapshotList;
import io.lockstep.api.version.ApiVersions;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Url;
import retrofit2.http.Query;
import retrofit2.http.QueryMap;

/**
 * The Manila v2 subset, with the project-less URLs of microversion 2.60+ (the client sends that
 * version). Action bodies are Manila's one-key objects; {@link Actions} builds them.
 */
public interface ManilaApi {

    @GET("v2/")
    Call<ApiVersions> versions();

    /** Every type an admin may see ({@code is_public=none}); a user gets the ones they may use. */
    @GET("v2/types")
    Call<io.lockstep.api.sharetype.ShareTypeList> shareTypes(@Query("is_public") String isPublic);

    @POST("v2/types")
    Call<io.lockstep.api.sharetype.ShareTypeEnvelope> createShareType(
            @Body io.lockstep.api.sharetype.CreateShareType body);

    @DELETE("v2/types/{id}")
    Call<Void> deleteShareType(@Path("id") String id);

    /** Sets the given extra specs ({@code {"extra_specs": {...}}}). */
    @POST("v2/types/{id}/extra_specs")
    Call<Map<String, Object>> setExtraSpecs(@Path("id") String id, @Body Map<String, Object> body);

    @DELETE("v2/types/{id}/extra_specs/{key}")
    Call<Void> unsetExtraSpec(@Path("id") String id, @Path("key") String key);

    @GET("v2/types/{id}/share_type_access")
    Call<io.lockstep.api.sharetype.ShareTypeAccess> shareTypeAccess(@Path("id") String id);

    /** {@code addProjectAccess} or {@code removeProjectAccess}, with {@code {"project": ...}}. */
    @POST("v2/types/{id}/action")
    Call<Void> shareTypeAction(@Path("id") String id, @Body Map<String, Object> body);

    @GET("v2/shares/detail")
    Call<ShareList> shares(@QueryMap Map<String, String> filters);

    @GET("v2/shares/{id}")
    Call<ShareEnvelope> share(@Path("id") String id);

    /** {@link #shares} at a microversion of the caller's choosing (the recycle bin's filter is 2.69's). */
    @GET("v2/shares/detail")
    Call<ShareList> sharesAt(@retrofit2.http.Header("X-OpenStack-Manila-API-Version") String version,
                             @QueryMap Map<String, String> filters);

    @POST("v2/shares")
    Call<ShareEnvelope> createShare(@Body CreateShare body);

    @DELETE("v2/shares/{id}")
    Call<Void> deleteShare(@Path("id") String id);

    /**
     * Any operation whose served trigger is a POST, by its path (relative, e.g. {@code v2/snapshots/ID/action}):
     * the console builds it from the state-machine descriptor, not from a list of resource types.
     */
    @POST
    Call<Void> post(@Url String path, @Body Map<String, Object> body);

    /** {@link #post} at a microversion of the caller's choosing (an action Manila added later). */
    @POST
    Call<Void> postAt(@retrofit2.http.Header("X-OpenStack-Manila-API-Version") String version, @Url String path,
                      @Body Map<String, Object> body);

    /** Any operation whose served trigger is a DELETE, by its path. */
    @DELETE
    Call<Void> delete(@Url String path);

    @POST("v2/shares/{id}/action")
    Call<Void> shareAction(@Path("id") String id, @Body Map<String, Object> action);

    /** {@code total_progress}, {@code task_state} and {@code details} of the share's migration (admin). */
    @GET("v2/shares/{id}/migration-progress")
    Call<Map<String, Object>> migrationProgress(@Path("id") String id);

    @GET("v2/snapshots/detail")
    Call<SnapshotList> snapshots(@QueryMap Map<String, String> filters);

    @GET("v2/snapshots/{id}")
    Call<SnapshotEnvelope> snapshot(@Path("id") String id);

    @POST("v2/snapshots")
    Call<SnapshotEnvelope> createSnapshot(@Body CreateSnapshot body);

    @DELETE("v2/snapshots/{id}")
    Call<Void> deleteSnapshot(@Path("id") String id);

    @GET("v2/share-networks/detail")
    Call<io.lockstep.api.network.ShareNetworkList> shareNetworks(
            @retrofit2.http.Header("X-OpenStack-Manila-API-Version") String version);

    @GET("v2/share-servers")
    Call<io.lockstep.api.network.ShareServerList> shareServers(
            @retrofit2.http.Header("X-OpenStack-Manila-API-Version") String version);

    @GET("v2/services")
    Call<ManilaServiceList> services();

    @POST("v2/share-backups")
    Call<ShareBackupEnvelope> createBackup(@Body CreateShareBackup body);

    @GET("v2/share-backups/detail")
    Call<ShareBackupList> backups(@Query("share_id") String shareId);

    /** Admin: a share's instances (a migration's destination is {@code migrating_to} until completed). */
    @GET("v2/shares/{id}/instances")
    Call<io.lockstep.api.share.ShareInstanceList> shareInstances(@Path("id") String shareId);

    @GET("v2/share-backups/detail")
    Call<ShareBackupList> backups(@retrofit2.http.QueryMap Map<String, String> query);

    /** A share's replicas, the active one among them (2.11; an empty list until the first is asked for). */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @GET("v2/share-replicas/detail")
    Call<io.lockstep.api.replica.ShareReplicaList> shareReplicas(@Query("share_id") String shareId);

    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @POST("v2/share-replicas")
    Call<Map<String, Object>> createReplica(@Body Map<String, Object> body);

    /** A replica's action ({@code promote}, {@code resync}, ...), answered 202 (or 200 for the active one). */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @POST("v2/share-replicas/{id}/action")
    Call<Void> replicaAction(@Path("id") String id, @Body Map<String, Object> action);

    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @retrofit2.http.DELETE("v2/share-replicas/{id}")
    Call<Void> deleteReplica(@Path("id") String id);

    @GET("v2/share-backups/{id}")
    Call<ShareBackupEnvelope> backup(@Path("id") String id);

    @DELETE("v2/share-backups/{id}")
    Call<Void> deleteBackup(@Path("id") String id);

    /** {@code {"restore": null}} and {@code reset_status}. */
    @POST("v2/share-backups/{id}/action")
    Call<Void> backupAction(@Path("id") String id, @Body Map<String, Object> action);

    /** Manila's user messages of the token's project (every project for an admin with all_tenants). */
    @GET("v2/messages")
    Call<MessageList> messages(@Query("resource_id") String resourceId, @Query("all_tenants") Integer allTenants);

    @PUT("v2/services/disable")
    Call<Map<String, Object>> disableService(@Body ServiceSwitch body);

    @PUT("v2/services/enable")
    Call<Map<String, Object>> enableService(@Body ServiceSwitch body);

    @POST("v2/snapshots/{id}/action")
    Call<Void> snapshotAction(@Path("id") String id, @Body Map<String, Object> action);

    @GET("v2/scheduler-stats/pools/detail")
    Call<io.lockstep.api.pool.PoolList> poolsDetail();

    @GET("v2/availability-zones")
    Call<io.lockstep.api.zone.AvailabilityZoneList> availabilityZones();

    /** In detail, at the version that shows backup quotas too. */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @GET("v2/quota-sets/{project}/detail")
    Call<io.lockstep.api.quota.QuotaSetEnvelope> quotaDetail(@Path("project") String project);

    /** {@code {"quota_set": {"shares": 10, ...}}}: sets a project's limits (admin). */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @PUT("v2/quota-sets/{project}")
    Call<io.lockstep.api.quota.QuotaSetEnvelope> updateQuotas(@Path("project") String project,
                                                             @Body Map<String, Object> body);

    /** {@code {"share": {"display_name" | "display_description" | "is_public": ...}}}. */
    @PUT("v2/shares/{id}")
    Call<ShareEnvelope> updateShare(@Path("id") String id, @Body Map<String, Object> body);

    @GET("v2/shares/{id}/metadata")
    Call<Map<String, Map<String, String>>> shareMetadata(@Path("id") String id);

    /** {@code {"metadata": {...}}}: adds or replaces these keys. */
    @POST("v2/shares/{id}/metadata")
    Call<Map<String, Map<String, String>>> setShareMetadata(@Path("id") String id, @Body Map<String, Object> body);

    @DELETE("v2/shares/{id}/metadata/{key}")
    Call<Void> unsetShareMetadata(@Path("id") String id, @Path("key") String key);

    /** A share's live access rules (the rules API begins at 2.45). */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @GET("v2/share-access-rules")
    Call<io.lockstep.api.share.AccessRuleList> accessRules(@retrofit2.http.Query("share_id") String shareId);

    /** A share action answered at the newest version ({@code allow_access} with IPv6 and cephx). */
    @retrofit2.http.Headers("X-OpenStack-Manila-API-Version: 2.80")
    @POST("v2/shares/{id}/action")
    Call<Map<String, Object>> shareActionAnswered(@Path("id") String id, @Body Map<String, Object> action);
}
