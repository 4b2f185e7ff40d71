package org.reshard.ui.run;

import java.util.List;
import javafx.collections.ObservableList;

/** Updates of shown lists that spare the views work. */
final class ObservableLists {

    private ObservableLists() {
    }

    /**
     * Replaces only the elements that changed: progress comes many times a second and most rows stay the
     * same, and a replaced list makes the views redo every row.
     */
    static <T> void update(ObservableList<T> shown, List<T> now) {
        if (shown.size() != now.size()) {
            shown.setAll(now);
            return;
        }
        for (int i = 0; i < now.size(); i++) {
            if (!now.get(i).equals(shown.get(i))) {
                shown.set(i, now.get(i));
            }
        }
    }
}
