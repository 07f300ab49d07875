package io.horizon.engine.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.ExecType;
import io.horizon.engine.output.ExecutionReportListener;

/**
 * Test fixture: keeps a copy of every report it is given. Safe to read from the test thread.
 */
public final class RecordingReports implements ExecutionReportListener
{
    private final List<EngineOutput> reports = new ArrayList<>();

    @Override
    public synchronized void onReport(final EngineOutput report)
    {
        reports.add(new EngineOutput().copyFrom(report));
    }

    public synchronized List<EngineOutput> all()
    {
        return new ArrayList<>(reports);
    }

    public synchronized List<EngineOutput> matching(final Predicate<EngineOutput> filter)
    {
        final List<EngineOutput> out = new ArrayList<>();
        for (final EngineOutput r : reports)
        {
            if (filter.test(r))
            {
                out.add(r);
            }
        }
        return out;
    }

    public List<ExecType> execTypesFor(final long orderId)
    {
        final List<ExecType> types = new ArrayList<>();
        for (final EngineOutput r : matching(r -> r.orderId == orderId))
        {
            types.add(r.execType);
        }
        return types;
    }

    public EngineOutput last()
    {
        final List<EngineOutput> all = all();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
