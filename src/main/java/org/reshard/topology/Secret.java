package org.reshard.topology;

/**
 * A password: the resolved value for connecting, and the reference it came from ({@code ${env:NAME}})
 * when there was one. Only the reference is ever written anywhere; {@link #toString()} masks the value.
 */
public record Secret(String reference, String value) {

    public static final Secret NONE = new Secret(null, null);

    public boolean isPresent() {
        return value != null;
    }

    /** True when the value can be resolved again later without storing it (it came from the environment). */
    public boolean isReference() {
        return reference != null;
    }

    @Override
    public String toString() {
        return value == null ? "<none>" : reference != null ? reference : "****";
    }
}
