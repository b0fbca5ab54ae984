package com.storepulse.local.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/** Reports what it read from a scheduled event. */
public class ScheduledHandler implements RequestHandler<ScheduledEvent, String> {

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return event.getDetailType() + "|" + event.getSource() + "|"
                + event.getResources().get(0) + "|" + (event.getTime() != null);
    }
}
