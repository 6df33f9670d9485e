package io.lockstep.api.sharetype;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code POST /types}. */
public record CreateShareType(@JsonProperty("share_type") Body shareType) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(@JsonProperty("name") String name, @JsonProperty("description") String description,
                       @JsonProperty("share_type_access:is_public") Boolean isPublic,
                       @JsonProperty("extra_specs") Map<String, Object> extraSpecs) {
    }

    public static CreateShareType of(String name, String description, boolean isPublic, Map<String, Object> specs) {
        return new CreateShareType(new Body(name, description, isPublic, specs));
    }
}
