package org.reshard.ui.query;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A shard in the shard picker and whether the next query runs on it. */
public final class ShardChoice {

    private final String id;
    private final BooleanProperty selected = new SimpleBooleanProperty(true);

    public ShardChoice(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }
}
