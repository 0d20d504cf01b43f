package dev.genlab.mlflow.server;

import java.nio.file.Path;

/** A JVM that starts a server and waits to be killed: for the test of what a JVM killed outright leaves behind. */
final class ServerHolder {
    private ServerHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        MlflowServer server = MlflowServer.start(Path.of(args[0]));
        System.out.println("server " + server.process().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
