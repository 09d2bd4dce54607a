// Compile-only declaration of an Openfire 5.x type; see openfire-api/README.md. Never shipped.
package org.jivesoftware.openfire.component;

import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;

public class InternalComponentManager {
    private InternalComponentManager() { throw new UnsupportedOperationException(); }
    public static InternalComponentManager getInstance() { throw new UnsupportedOperationException(); }
    public void addComponent(String subdomain, Component component) throws ComponentException { throw new UnsupportedOperationException(); }
    public void removeComponent(String subdomain, Component component) { throw new UnsupportedOperationException(); }
}
