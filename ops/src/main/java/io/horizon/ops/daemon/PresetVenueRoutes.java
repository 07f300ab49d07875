package io.horizon.ops.daemon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.VenueRoutes;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.VenueSettings;

/**
 * The routing a preset's {@code [[venues]]} entries make: each names the accounts and instruments
 * it takes; the first entry that names an account or instrument wins it, and the first entry is
 * the default. The daemon's venue router sends orders by it, and the audit log, the dead-letter
 * queue and {@code audit verify --journal} name each order's venue by the same routes.
 * <p>
 * Stateless; any thread.
 */
public final class PresetVenueRoutes
{
    private PresetVenueRoutes()
    {
    }

    /**
     * @param preset a preset the reader has checked (its account and instrument names exist).
     * @return its routes.
     */
    public static VenueRoutes of(final Preset preset)
    {
        final ReferenceData referenceData = preset.referenceData();
        final List<VenueSettings> venues = preset.venues();
        final int[] byAccount = new int[referenceData.accountCount()];
        final int[] byInstrument = new int[referenceData.instrumentCount()];
        Arrays.fill(byAccount, -1);
        Arrays.fill(byInstrument, -1);
        // The first venue that names an account or instrument wins it.
        for (int i = venues.size() - 1; i >= 0; i--)
        {
            final VenueSettings v = venues.get(i);
            for (final String account : v.accounts())
            {
                byAccount[referenceData.accountByName(account).id()] = i;
            }
            for (final String symbol : v.instruments())
            {
                byInstrument[referenceData.instrumentBySymbol(symbol).id()] = i;
            }
        }
        final List<String> names = new ArrayList<>(venues.size());
        for (final VenueSettings v : venues)
        {
            names.add(v.name());
        }
        return new VenueRoutes(names, byAccount, byInstrument);
    }
}
