package io.horizon.ops.deploy;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import javax.crypto.KeyAgreement;
import javax.tools.ToolProvider;

import com.sun.net.httpserver.HttpServer;

/**
 * Run by {@link JlinkRuntimeIT} on the image's jlink runtime: uses each JDK module that the
 * Dockerfile adds beyond what jdeps sees in the jar, the way Horizon will, and exits non-zero
 * naming the first one that does not work.
 * <p>
 * Single-threaded {@code main}.
 */
public final class RuntimeModuleProbe
{
    private RuntimeModuleProbe()
    {
    }

    /**
     * @param args ignored.
     * @throws Exception when a module is missing or broken.
     */
    public static void main(final String[] args) throws Exception
    {
        // jdk.compiler: Chronicle compiles the readers and writers it generates.
        if (ToolProvider.getSystemJavaCompiler() == null)
        {
            throw new IllegalStateException("jdk.compiler: no system Java compiler");
        }
        // jdk.crypto.ec on JDK 17: Ed25519 signatures and ECDH key agreement for TLS.
        final KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final byte[] message = "horizon".getBytes(StandardCharsets.US_ASCII);
        final Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ed.getPrivate());
        signer.update(message);
        final byte[] signature = signer.sign();
        final Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(ed.getPublic());
        verifier.update(message);
        if (!verifier.verify(signature))
        {
            throw new IllegalStateException("jdk.crypto.ec: Ed25519 signature did not verify");
        }
        final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(ec.generateKeyPair().getPrivate());
        // jdk.httpserver: the metrics endpoint.
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        server.stop(0);
        // jdk.management: the com.sun.management beans behind the JVM metrics.
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean))
        {
            throw new IllegalStateException("jdk.management: no com.sun.management.OperatingSystemMXBean");
        }
        System.out.println("runtime modules: ok");
    }
}
