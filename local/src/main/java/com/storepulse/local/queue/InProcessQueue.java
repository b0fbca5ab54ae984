package com.storepulse.local.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.storepulse.devservers.SqsMessages;
import com.storepulse.json.Json;
import com.storepulse.local.lambda.FunctionIdentity;
import com.storepulse.local.lambda.FunctionRegistry;
import com.storepulse.local.lambda.InvocationResult;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SQS queue in the local stack's process, for the sync: the function's real SQS client sends
 * to it over HTTP ({@code SendMessage}, the SDK's JSON protocol, at {@value #PATH}), and one
 * consumer thread hands each message to the function as the SQS event source would, one message
 * per invocation (batch size 1, concurrency 1). A failed invocation leaves the message on the queue
 * for another try after {@link #retryDelay}; after {@value #MAX_RECEIVE_COUNT} receives it moves to
 * the dead-letter list ({@link #deadLetters()}), as template.yaml's redrive policy does.
 */
public final class InProcessQueue implements HttpHandler, AutoCloseable {

    /** Where the stack serves the queue (the SDK's endpoint: {@code AWS_ENDPOINT_URL_SQS}). */
    public static final String PATH = "/local-sqs";

    static final int MAX_RECEIVE_COUNT = 3;

    private record Message(String id, String body, int receiveCount) {}

    private final FunctionRegistry functions;
    private final String function;
    private final String queueName;
    private final String region;
    private final Duration retryDelay;
    private final PrintStream log;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();
    private final Thread consumer;
    private volatile boolean closed;

    public InProcessQueue(
            FunctionRegistry functions,
            String function,
            String queueName,
            String region,
            Duration retryDelay,
            PrintStream log) {
        this.functions = functions;
        this.function = function;
        this.queueName = queueName;
        this.region = region;
        this.retryDelay = retryDelay;
        this.log = log;
        this.consumer =
                Thread.ofPlatform().name("local-queue-" + queueName).daemon().unstarted(this::consume);
    }

    public InProcessQueue start() {
        consumer.start();
        return this;
    }

    /** The queue URL the function is configured with ({@code SYNC_QUEUE_URL}). */
    public String queueUrl(String baseUri) {
        return baseUri + PATH + "/" + FunctionIdentity.ACCOUNT + "/" + queueName;
    }

    /** Bodies of the messages that gave up after {@value #MAX_RECEIVE_COUNT} receives. */
    public List<String> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Messages waiting or in flight's retries (not the one being handled). */
    public int waiting() {
        return messages.size();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || !"AmazonSQS.SendMessage".equals(target)) {
            answer(
                    exchange,
                    400,
                    Map.of(
                            "__type", "com.amazonaws.sqs#UnsupportedOperation",
                            "message", "the local queue takes SendMessage only"));
            return;
        }
        JsonNode json = Json.mapper().readTree(request);
        String body = json.path("MessageBody").asText("");
        String id = UUID.randomUUID().toString();
        messages.add(new Message(id, body, 0));
        answer(exchange, 200, Map.of("MessageId", id, "MD5OfMessageBody", SqsMessages.md5OfBody(body)));
    }

    private void consume() {
        while (!closed) {
            Message message;
            try {
                message = messages.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (message != null) {
                deliver(new Message(message.id(), message.body(), message.receiveCount() + 1));
            }
        }
    }

    private void deliver(Message message) {
        var target = functions.available(function);
        if (target.isEmpty()) {
            log.println("queue " + queueName + ": " + function + " is not available; message dropped");
            return;
        }
        InvocationResult result = target.get().invoke(Json.writeBytes(event(message)));
        if (!result.failed()) {
            return;
        }
        if (message.receiveCount() >= MAX_RECEIVE_COUNT) {
            deadLetters.add(message.body());
            log.println("queue " + queueName + ": message " + message.id() + " failed " + message.receiveCount()
                    + " times; moved to the dead-letter queue: " + message.body());
            return;
        }
        log.println("queue " + queueName + ": message " + message.id() + " failed (receive " + message.receiveCount()
                + "); retried in " + retryDelay.toSeconds() + " s");
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(retryDelay);
                messages.add(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The SQS event Lambda's event source sends (one record). */
    private ObjectNode event(Message message) {
        ObjectNode event = Json.mapper().createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", message.id());
        record.put("receiptHandle", message.id());
        record.put("body", message.body());
        record.putObject("attributes")
                .put("ApproximateReceiveCount", Integer.toString(message.receiveCount()))
                .put("SentTimestamp", Long.toString(System.currentTimeMillis()));
        record.putObject("messageAttributes");
        record.put("md5OfBody", SqsMessages.md5OfBody(message.body()));
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", "arn:aws:sqs:" + region + ":" + FunctionIdentity.ACCOUNT + ":" + queueName);
        record.put("awsRegion", region);
        return event;
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> json) throws IOException {
        byte[] bytes = Json.writeBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.interrupt();
    }
}
