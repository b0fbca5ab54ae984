-- dim_date (V1) covers 2000-2049; older imports such as CDNOW (1997-1998) add their days here,
-- computed exactly as V1 computes its own.
INSERT INTO dim_date (date_key, full_date, year, quarter, month, day_of_month, iso_week, iso_dow, is_weekend)
SELECT to_char(d, 'YYYYMMDD')::integer, d::date,
       extract(year FROM d), extract(quarter FROM d), extract(month FROM d), extract(day FROM d),
       extract(week FROM d), extract(isodow FROM d), extract(isodow FROM d) IN (6, 7)
FROM generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') AS d
ON CONFLICT (date_key) DO NOTHING
