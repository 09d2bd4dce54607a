// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.interceptor;

public class InterceptorManager {
    public static InterceptorManager getInstance() {
        throw new UnsupportedOperationException();
    }

    public void addInterceptor(int index, PacketInterceptor interceptor) {
        throw new UnsupportedOperationException();
    }

    public boolean removeInterceptor(PacketInterceptor interceptor) {
        throw new UnsupportedOperationException();
    }
}
