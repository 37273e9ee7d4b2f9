using Barge.Core.Journal;

namespace Barge.Server.Http;

/// <summary>
/// A request body without a declared length, admitted to the bound on queued bytes as it is read: reading past the
/// bound throws <see cref="Core.Errors.OverloadedException"/>, so that a chunked body cannot slip past it.
/// </summary>
internal sealed class AdmittedBody(Stream inner, QueueBound.Admission admission) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Admitted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Admitted(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Admitted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Admitted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Admitted(int read)
    {
        admission.Grow(read);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
