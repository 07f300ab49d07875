package io.horizon.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import uk.co.real_logic.artio.engine.EngineConfiguration;
import uk.co.real_logic.artio.engine.EngineScheduler;
import uk.co.real_logic.artio.engine.RecordingCoordinator;

/**
 * Runs the Artio engine's framer (the agent that reads and writes the venue's socket and moves
 * messages between it and the library) inside the caller's loop instead of on a thread of its
 * own ({@link FramerPlacement#POLLED}): {@link #invokeFramer()} is called from
 * {@link FixVenue#poll}, right before the library is polled, on the thread that polls the venue
 * (the engine thread in the shared mode, the gateway thread in the dedicated mode). A message
 * then crosses no thread inside Horizon: bytes read from the socket reach the library in the same
 * duty cycle, and what the library sent goes on the wire at the next invoke.
 * <p>
 * The agents off the message path (the indexers and the archiver, the monitoring agent, the
 * engine's Aeron client conductor) share one thread, {@value #OFF_PATH_THREAD}, idling with
 * {@link FixIdleStrategies#offPath()}.
 * <p>
 * The framer must be invoked by one thread at a time, and something must invoke it whenever
 * Artio waits for it: the venue's polling thread while the pipeline runs; the closing thread
 * while it logs the session out after the pipeline stopped ({@link FixSessionLifecycle#close});
 * and, while Artio's engine closes (it waits for the framer to disconnect every session), a
 * thread of its own started by {@link #handOver()} and stopped by {@link #close()}.
 * <p>
 * Threading: {@link #launch} (Artio, from {@code FixEngine.launch}) and {@link #configure} on the
 * launching thread; {@link #invokeFramer()} on one thread at a time, after the launch (a thread
 * started after it, or one that saw the launch complete), never after {@link #handOver()};
 * {@link #handOver()} once, after the last {@link #invokeFramer()}; {@link #close()} (Artio, from
 * {@code FixEngine.close}) on the closing thread.
 */
final class PolledFramerScheduler implements EngineScheduler
{
    /** The name of the thread of the agents off the message path. */
    static final String OFF_PATH_THREAD = "horizon-fix-archiving";
    /** The name of the thread that drives the framer while Artio's engine closes. */
    static final String CLOSING_THREAD = "horizon-fix-framer-closing";
    private static final long CLOSING_PARK_NANOS = 100_000;

    private AgentInvoker framer;
    private AgentRunner offPath;
    private RecordingCoordinator recordingCoordinator;
    private Thread closing;
    private volatile boolean closingStopped;

    @Override
    public void launch(
        final EngineConfiguration configuration,
        final ErrorHandler errorHandler,
        final Agent framerAgent,
        final Agent archivingAgent,
        final Agent monitoringAgent,
        final Agent conductorAgent,
        final RecordingCoordinator recordingCoordinator)
    {
        if (framer != null)
        {
            EngineScheduler.fail();
        }
        this.recordingCoordinator = recordingCoordinator;
        framer = new AgentInvoker(errorHandler, null, framerAgent);
        framer.start();
        final List<Agent> agents = new ArrayList<>();
        agents.add(archivingAgent);
        agents.add(monitoringAgent);
        agents.add(conductorAgent);
        agents.removeIf(Objects::isNull);
        offPath = new AgentRunner(FixIdleStrategies.offPath(), errorHandler, null, new OffPathAgents(agents));
        AgentRunner.startOnThread(offPath, configuration.threadFactory());
    }

    /**
     * The engine's Aeron client conductor runs as an agent ({@link #launch}'s off-path thread),
     * not on a thread of its own.
     */
    @Override
    public void configure(final Aeron.Context context)
    {
        context.useConductorAgentInvoker(true);
    }

    /**
     * Does the framer's work once: reads the socket and the library's streams, writes what is due.
     *
     * @return work done.
     */
    int invokeFramer()
    {
        return framer.invoke();
    }

    /**
     * Artio calls this from a thread that waits for the framer's admin queue: the framer runs on
     * the polling thread, which drains it, so there is nothing to do here.
     */
    @Override
    public int pollFramer()
    {
        return 0;
    }

    /**
     * Starts a thread that invokes the framer until {@link #close()}: call after the last
     * {@link #invokeFramer()}, before the engine closes (it waits for the framer to disconnect
     * every session). Idempotent.
     */
    void handOver()
    {
        if (closing != null || framer == null)
        {
            return;
        }
        closing = new Thread(() ->
        {
            while (!closingStopped)
            {
                if (framer.invoke() == 0)
                {
                    LockSupport.parkNanos(CLOSING_PARK_NANOS);
                }
            }
        }, CLOSING_THREAD);
        closing.setDaemon(true);
        closing.start();
    }

    /**
     * Stops the hand-over thread (waiting for it), then closes the framer, the recording
     * coordinator and the off-path thread. Artio calls it from {@code FixEngine.close}.
     */
    @Override
    public void close()
    {
        if (closing != null)
        {
            closingStopped = true;
            boolean interrupted = false;
            while (closing.isAlive())
            {
                try
                {
                    closing.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (offPath != null)
        {
            EngineScheduler.awaitRunnerStart(offPath);
        }
        CloseHelper.closeAll(framer, recordingCoordinator, offPath);
    }

    /** The off-path agents, under one readable thread name. */
    private static final class OffPathAgents extends CompositeAgent
    {
        OffPathAgents(final List<Agent> agents)
        {
            super(agents);
        }

        @Override
        public String roleName()
        {
            return OFF_PATH_THREAD;
        }
    }
}
