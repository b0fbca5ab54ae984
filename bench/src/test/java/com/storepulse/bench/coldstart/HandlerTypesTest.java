package com.storepulse.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerTypesTest {

    /** Like MicronautRequestHandler: the type arguments are bound by a subclass. */
    abstract static class FrameworkHandler<I, O> implements RequestHandler<I, O> {}

    abstract static class Middle<X> extends FrameworkHandler<X, List<String>> {}

    static final class ConcreteHandler extends Middle<Map<String, Object>> {
        @Override
        public List<String> handleRequest(Map<String, Object> input, Context context) {
            return List.of();
        }
    }

    interface TextHandler<T> extends RequestHandler<T, String> {}

    static final class ViaInterface implements TextHandler<Integer> {
        @Override
        public String handleRequest(Integer input, Context context) {
            return "";
        }
    }

    @Test
    void readsTheTypeArgumentsOfADirectImplementation() {
        assertEquals(
                new HandlerTypes(APIGatewayProxyRequestEvent.class, APIGatewayProxyResponseEvent.class),
                HandlerTypes.of(NoOpApiHandler.class));
    }

    @Test
    void followsTypeVariablesBoundFurtherDownTheHierarchy() {
        assertEquals(new HandlerTypes(Map.class, List.class), HandlerTypes.of(ConcreteHandler.class));
    }

    @Test
    void followsInterfacesThatExtendRequestHandler() {
        assertEquals(new HandlerTypes(Integer.class, String.class), HandlerTypes.of(ViaInterface.class));
    }

    @Test
    void refusesAClassThatIsNoRequestHandler() {
        assertThrows(IllegalArgumentException.class, () -> HandlerTypes.of(String.class));
    }
}
