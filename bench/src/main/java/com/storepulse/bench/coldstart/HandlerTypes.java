package com.storepulse.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The input and output classes of a {@link RequestHandler} implementation, found the way the Lambda
 * runtime finds them: from the RequestHandler&lt;I, O&gt; type arguments, following type variables
 * bound further down the class hierarchy (for example MicronautRequestHandler&lt;I, O&gt; or
 * Micronaut's api-proxy function base classes).
 */
record HandlerTypes(Class<?> input, Class<?> output) {

    static HandlerTypes of(Class<?> handlerClass) {
        if (!RequestHandler.class.isAssignableFrom(handlerClass)) {
            throw new IllegalArgumentException(handlerClass.getName() + " does not implement "
                    + RequestHandler.class.getName() + " (stream handlers are not supported by this runner)");
        }
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> type = handlerClass; type != null; type = type.getSuperclass()) {
            Type[] handlerArgs = requestHandlerArguments(type, bindings);
            if (handlerArgs != null) {
                return new HandlerTypes(erase(handlerArgs[0], bindings), erase(handlerArgs[1], bindings));
            }
            bind(type.getGenericSuperclass(), bindings);
        }
        return new HandlerTypes(Object.class, Object.class);
    }

    /** RequestHandler's type arguments if {@code type} (or an interface it extends) names them directly. */
    private static Type[] requestHandlerArguments(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
        for (Type candidate : type.getGenericInterfaces()) {
            if (candidate instanceof ParameterizedType parameterized) {
                if (parameterized.getRawType() == RequestHandler.class) {
                    return parameterized.getActualTypeArguments();
                }
                bind(parameterized, bindings);
            }
            Class<?> raw = rawClass(candidate);
            if (raw != null && raw != RequestHandler.class && RequestHandler.class.isAssignableFrom(raw)) {
                Type[] inherited = requestHandlerArguments(raw, bindings);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return null;
    }

    private static void bind(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof ParameterizedType parameterized) {
            TypeVariable<?>[] variables = ((Class<?>) parameterized.getRawType()).getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], arguments[i]);
            }
        }
    }

    private static Class<?> erase(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type resolved = type;
        while (resolved instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            resolved = bindings.get(variable);
        }
        Class<?> raw = rawClass(resolved);
        return raw == null ? Object.class : raw;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return null;
    }
}
