package dev.pat.notification.delivery;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The JVM's name service (and its cache, {@code networkaddress.cache.ttl}). */
@Singleton
public class SystemHostResolver implements HostResolver {

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
