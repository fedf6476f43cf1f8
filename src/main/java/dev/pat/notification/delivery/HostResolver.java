package dev.pat.notification.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a webhook's host name into the addresses it has now. One seam, so that what a delivery
 * checks and what it connects to come from the same answer, and so that tests can answer for
 * names no name server knows. Blocking: call it off the event loop.
 */
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;
}
