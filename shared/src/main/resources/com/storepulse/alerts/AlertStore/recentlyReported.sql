SELECT EXISTS (
    SELECT 1 FROM alert_notice
     WHERE fingerprint = :fingerprint AND notify AND received_at > now() - CAST(:window AS interval))
