package io.lockstep.views.shell;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * Lockstep's icon (assets/src/main/icons/lockstep.svg rendered by scripts/icons.sh) at the sizes
 * desktops pick from: title bar, task switcher, dock, dialogs. Read once, on first use. FX thread.
 */
public final class AppIcons {

    private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};
    private static List<Image> images;

    private AppIcons() {
    }

    /** Every size there is, smallest first (empty if the assets are missing from the class path). */
    public static List<Image> all() {
        if (images == null) {
            List<Image> read = new ArrayList<>();
            for (int size : SIZES) {
                InputStream in = AppIcons.class.getResourceAsStream("/io/lockstep/assets/icons/lockstep-" + size + ".png");
                if (in != null) {
                    read.add(new Image(in));
                }
            }
            images = List.copyOf(read);
        }
        return images;
    }

    /** The smallest icon at least {@code size} pixels wide, or the largest there is; null if none. */
    public static Image atLeast(int size) {
        List<Image> all = all();
        return all.stream().filter(i -> i.getWidth() >= size).findFirst().orElse(all.isEmpty() ? null
                : all.get(all.size() - 1));
    }
}
