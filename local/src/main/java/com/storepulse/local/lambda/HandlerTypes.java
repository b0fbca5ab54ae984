package com.storepulse.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds I and O of a {@code RequestHandler<I, O>} from the handler's generic signature, as the
 * Lambda runtime does, following type variables through abstract base classes (for example a
 * handler extending {@code MicronautRequestHandler<APIGatewayProxyRequestEvent, ...>}).
 */
final class HandlerTypes {

    record InputOutput(Type input, Type output) {}

    private HandlerTypes() {}

    static InputOutput of(Class<?> handlerClass) {
        InputOutput found = search(handlerClass, new HashMap<>());
        return found != null ? found : new InputOutput(Object.class, Object.class);
    }

    private static InputOutput search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], substitute(arguments[i], bindings));
            }
            if (raw == RequestHandler.class) {
                return new InputOutput(bound(arguments[0], bindings), bound(arguments[1], bindings));
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            InputOutput found = search(parent, bindings);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : search(raw.getGenericSuperclass(), bindings);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> variable && bindings.containsKey(variable)
                ? bindings.get(variable)
                : type;
    }

    /** A type variable nobody bound (a raw RequestHandler) reads as Object, like the runtime does. */
    private static Type bound(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type resolved = substitute(type, bindings);
        return resolved instanceof TypeVariable<?> ? Object.class : resolved;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }
}
