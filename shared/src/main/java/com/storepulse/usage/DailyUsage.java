package com.storepulse.usage;

import java.time.LocalDate;

/** Requests of one API key on one day (UTC) to one route template. */
public record DailyUsage(LocalDate date, String route, long requests) {}
