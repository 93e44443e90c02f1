package nl.wijkportaal.catalogue;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import nl.wijkportaal.platform.municipality.TimeRange;

/** Where an offer takes place, with its weekly hours or walk-in times. */
public record OfferLocation(
    String name,
    String address,
    String postcode,
    String city,
    String wijk,
    Map<DayOfWeek, List<TimeRange>> hours,
    String note) {}
