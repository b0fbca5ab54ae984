package com.storepulse.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JavaType;
import com.storepulse.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * Turns raw event JSON into a handler call and the result back into JSON, the way the Lambda
 * Java runtime does: AWS event types (API Gateway, SNS, scheduled events...) go through
 * aws-lambda-java-serialization's {@link LambdaEventSerializers}; anything else (Map, String,
 * our own records) through the one StorePulse JSON mapper. Stream handlers get the bytes as-is.
 */
abstract sealed class HandlerAdapter {

    abstract byte[] handle(byte[] event, Context context) throws IOException;

    static HandlerAdapter of(Object handler) {
        if (handler instanceof RequestStreamHandler stream) {
            return new Stream(stream);
        }
        if (handler instanceof RequestHandler<?, ?> typed) {
            HandlerTypes.InputOutput types = HandlerTypes.of(handler.getClass());
            return new Typed(
                    typed, types.input(), types.output(), handler.getClass().getClassLoader());
        }
        throw new IllegalArgumentException(
                handler.getClass().getName() + " implements neither RequestHandler nor RequestStreamHandler");
    }

    private static final class Stream extends HandlerAdapter {
        private final RequestStreamHandler handler;

        Stream(RequestStreamHandler handler) {
            this.handler = handler;
        }

        @Override
        byte[] handle(byte[] event, Context context) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        }
    }

    private static final class Typed extends HandlerAdapter {
        @SuppressWarnings("rawtypes")
        private final RequestHandler handler;

        private final Type input;
        private final Type output;
        private final ClassLoader loader;

        Typed(RequestHandler<?, ?> handler, Type input, Type output, ClassLoader loader) {
            this.handler = handler;
            this.input = input;
            this.output = output;
            this.loader = loader;
        }

        @Override
        @SuppressWarnings("unchecked")
        byte[] handle(byte[] event, Context context) throws IOException {
            Object result = handler.handleRequest(read(event), context);
            return write(result);
        }

        private Object read(byte[] event) throws IOException {
            if (isBlank(event)) {
                return null;
            }
            Class<?> raw = HandlerTypes.rawClass(input);
            if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
                return LambdaEventSerializers.serializerFor(raw, loader).fromJson(new ByteArrayInputStream(event));
            }
            JavaType type = Json.mapper().getTypeFactory().constructType(input);
            return Json.mapper().readValue(event, type);
        }

        @SuppressWarnings("unchecked")
        private byte[] write(Object result) throws IOException {
            if (result == null) {
                return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            Class<?> declared = HandlerTypes.rawClass(output);
            Class<?> type =
                    LambdaEventSerializers.isLambdaSupportedEvent(declared.getName()) ? declared : result.getClass();
            if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
                PojoSerializer<Object> serializer =
                        (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                serializer.toJson(result, out);
                return out.toByteArray();
            }
            try {
                return Json.mapper().writeValueAsBytes(result);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(
                        "cannot serialize the result of type "
                                + result.getClass().getName(),
                        e);
            }
        }

        private static boolean isBlank(byte[] event) {
            for (byte b : event) {
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
    }
}
