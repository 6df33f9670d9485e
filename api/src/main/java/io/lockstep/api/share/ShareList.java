package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"shares": [...]}}; for {@code GET /shares} only id, name and links are filled. */
public record ShareList(@JsonProperty("shares") List<Share> shares) {
}
