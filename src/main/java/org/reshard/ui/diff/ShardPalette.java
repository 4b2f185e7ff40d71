package org.reshard.ui.diff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;

/**
 * One colour per shard, fixed by the shard's place in the list so a shard keeps its colour in the before
 * and after rings. Mid-tone colours that read on both light and dark backgrounds; neighbours in the
 * list (usually neighbours on the ring) get clearly different hues, and grey comes last because faded
 * arcs are grey-ish.
 */
public final class ShardPalette {

    private static final List<Color> COLOURS = List.of(
            "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7",
            "#9C755F", "#A0CBE8", "#8CD17D", "#FFBE7D", "#D37295", "#499894", "#B6992D", "#D4A6C8",
            "#86BCB6", "#F1CE63", "#9D7660", "#BAB0AC").stream().map(Color::web).toList();

    private static final Color UNLISTED = Color.web("#8B949E");
    private static final double GOLDEN_ANGLE = 137.508;

    private final Map<String, Color> byShard = new HashMap<>();

    public ShardPalette(List<String> shardIds) {
        for (int i = 0; i < shardIds.size(); i++) {
            byShard.putIfAbsent(shardIds.get(i), colour(i));
        }
    }

    /** The colour at a place in the list; past the fixed colours, hues step by the golden angle so they stay apart. */
    public static Color colour(int index) {
        if (index < COLOURS.size()) {
            return COLOURS.get(index);
        }
        double hue = (index - COLOURS.size()) * GOLDEN_ANGLE % 360;
        return Color.hsb(hue, 0.55, 0.80);
    }

    public Color colourOf(String shardId) {
        return byShard.getOrDefault(shardId, UNLISTED);
    }
}
