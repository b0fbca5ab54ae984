-- V1's archetype descriptions promised things the segment map (Archetype.of, docs/scoring.md
-- "RFM scores and archetypes") does not look at: spend for Need Attention, At Risk and
-- Hibernating, "spend the most" for Champions. These say what the rules say: R and F fifths
-- (5 = best), with M only where the map uses it (Lost, Can't Lose Them).
UPDATE dim_archetype SET description = v.description
FROM (VALUES
 (1,  'Bought very recently and buy often (top fifth for recency, top two fifths for frequency).'),
 (2,  'Buy often (top two fifths for frequency) and bought fairly recently.'),
 (3,  'Bought recently and more than once, at an average frequency; could become loyal.'),
 (4,  'Bought for the first time very recently (top fifth for recency, one purchase).'),
 (5,  'Bought once, fairly recently.'),
 (6,  'Average recency and frequency: neither active nor gone yet.'),
 (7,  'Average recency and few purchases; will be lost without a nudge.'),
 (8,  'Used to buy fairly often, but have not bought for a long time.'),
 (9,  'Among the most frequent buyers (or frequent and among the top spenders), but have not bought for a long time.'),
 (10, 'Last purchase long ago and few purchases.'),
 (11, 'Longest gone, one purchase and low spend (bottom two fifths).')
) AS v (archetype_id, description)
WHERE dim_archetype.archetype_id = v.archetype_id;
