package org.reshard.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;

/** The questions the console asks before anything destructive. */
public final class Confirmations {

    private Confirmations() {
    }

    /** Asks before a rollback; true when the operator agreed. */
    public static boolean rollBack(String id) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Rows copied to the target shards are deleted (or the tables"
                + " this operation created are dropped), change capture and fences are removed from the sources, and the registry"
                + " is restored. Your data on the source shards is not touched.", ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle("Roll back " + id);
        alert.setHeaderText("Roll back " + id + "?");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Roll back");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Asks before ending an operation's retention now ({@code until}: when cleanup would have started); true when the operator agreed. */
    public static boolean complete(String id, String until) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, completeText(until), ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle("Complete " + id);
        alert.setHeaderText("Complete " + id + " and close the way back?");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Complete");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** What the Complete question says. */
    public static String completeText(String until) {
        return "Cleanup deletes the old owners' copies of the moved rows now" + (until.isEmpty() ? "" : " instead of " + until)
                + ", and the operation completes. Switching back is no longer possible.";
    }

    /** Asks before closing the window while an operation runs; true to stop it at its next checkpoint and close. */
    public static boolean stopAndClose(String id) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "Stop it at the next checkpoint and close the console? Its progress"
                + " is saved; when you open the console again it offers to resume " + id + " from there.", ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle("An operation is running");
        alert.setHeaderText("Operation " + id + " is running");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Stop and close");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setText("Keep running");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Asks before the query editor may change data; true when the operator agreed. */
    public static boolean unlockWrites() {
        Alert alert = new Alert(Alert.AlertType.WARNING, "Statements will run in read-write transactions and commit on every chosen"
                + " shard: an UPDATE or DELETE changes rows on all of them at once, and there is no undo. Queries stay read-only until"
                + " you unlock writes.", ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle("Unlock writes");
        alert.setHeaderText("Let the query editor change data?");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Unlock writes");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Asks before forgetting the query history; true when the operator agreed. */
    public static boolean clearHistory(int entries) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "The " + entries + (entries == 1 ? " query" : " queries")
                + " in the history are forgotten on this machine.", ButtonType.CANCEL, ButtonType.OK);
        alert.setTitle("Clear the query history");
        alert.setHeaderText("Clear the query history?");
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Clear");
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /** Tells the operator that something they asked for failed, and why. */
    public static void problem(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.ERROR, text, ButtonType.OK);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.showAndWait();
    }
}
