// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.util;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

public final class SystemProperty<T> {
    private SystemProperty() { throw new UnsupportedOperationException(); }

    public static void removePropertiesForPlugin(final String plugin) { throw new UnsupportedOperationException(); }
    public static Optional<SystemProperty> getProperty(final String key) { throw new UnsupportedOperationException(); }
    public T getValue() { throw new UnsupportedOperationException(); }
    public void setValue(final T value) { throw new UnsupportedOperationException(); }
    public String getKey() { throw new UnsupportedOperationException(); }
    public T getDefaultValue() { throw new UnsupportedOperationException(); }
    public boolean isEncrypted() { throw new UnsupportedOperationException(); }

    public static final class Builder<T> {
        private Builder() { throw new UnsupportedOperationException(); }
        public static <T> Builder<T> ofType(final Class<T> clazz) { throw new UnsupportedOperationException(); }
        public Builder<T> setKey(final String key) { throw new UnsupportedOperationException(); }
        public Builder<T> setDefaultValue(final T defaultValue) { throw new UnsupportedOperationException(); }
        public Builder<T> setMinValue(final T minValue) { throw new UnsupportedOperationException(); }
        public Builder<T> setMaxValue(final T maxValue) { throw new UnsupportedOperationException(); }
        public Builder<T> setChronoUnit(final ChronoUnit chronoUnit) { throw new UnsupportedOperationException(); }
        public Builder<T> setDynamic(final boolean dynamic) { throw new UnsupportedOperationException(); }
        public Builder<T> setEncrypted(final boolean encrypted) { throw new UnsupportedOperationException(); }
        public Builder<T> setPlugin(final String plugin) { throw new UnsupportedOperationException(); }
        public SystemProperty<T> build() throws IllegalArgumentException { throw new UnsupportedOperationException(); }
    }
}
