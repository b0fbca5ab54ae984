package com.storepulse.local.testfunctions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Echoes a Map event (no statusCode: a malformed proxy response when reached over HTTP). */
public class MapEchoHandler extends AbstractMapHandler<Map<String, Object>> {

    public static final AtomicInteger INSTANCES = new AtomicInteger();

    public MapEchoHandler() {
        INSTANCES.incrementAndGet();
    }
}
