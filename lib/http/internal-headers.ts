/**
 * Headers the Gatehouse server (lib/server) sets on every request it hands to Next, after
 * deleting any value a client sent: the server is the trust boundary that sees the socket.
 */
export const CLIENT_IP_HEADER = 'x-gatehouse-client-ip';
export const REQUEST_ID_HEADER = 'x-request-id';
