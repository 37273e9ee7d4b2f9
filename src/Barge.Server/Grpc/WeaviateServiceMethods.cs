using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// Binds <see cref="WeaviateService"/>'s methods to the generated <c>weaviate.v1.Weaviate</c> descriptors, with one
/// change: a request message that protobuf cannot read (malformed bytes, invalid UTF-8, nesting past protobuf's
/// recursion limit) is answered INVALID_ARGUMENT with the reason. Grpc.AspNetCore reads a unary request before any
/// interceptor runs and answers its failure as UNKNOWN, which tells a client nothing and reads like a server fault.
/// This replaces the default binding (WeaviateService does not derive from the generated base, so it is bound once).
/// </summary>
internal sealed class WeaviateServiceMethods : IServiceMethodProvider<WeaviateService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WeaviateService> context) =>
        Protocol.Weaviate.BindService(new Binder(context), null);

    private sealed class Binder(ServiceMethodProviderContext<WeaviateService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Readable(method), [], Invoker<UnaryServerMethod<WeaviateService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Readable(method), [], Invoker<DuplexStreamingServerMethod<WeaviateService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Readable(method), [], Invoker<ServerStreamingServerMethod<WeaviateService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Readable(method), [], Invoker<ClientStreamingServerMethod<WeaviateService, TRequest, TResponse>>(method.Name));
    }

    /// <summary>The service's method of that name, called on the instance the invoker is given.</summary>
    private static TDelegate Invoker<TDelegate>(string name) where TDelegate : Delegate =>
        (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), typeof(WeaviateService).GetMethod(name)
            ?? throw new InvalidOperationException($"WeaviateService has no method {name} of weaviate.v1.Weaviate"));

    private static Method<TRequest, TResponse> Readable<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class
    {
        // BatchObjects' objects are kept as bytes (RawBatchObjects) rather than built as messages.
        var read = typeof(TRequest) == typeof(Protocol.BatchObjectsRequest)
            ? context => (TRequest)(object)RawBatchObjects.ReadRequest(context.PayloadAsReadOnlySequence())
            : method.RequestMarshaller.ContextualDeserializer;
        var requests = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return read(context);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"the {typeof(TRequest).Name} message cannot be read: {ex.Message}"));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
