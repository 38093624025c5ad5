using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Neptune.Emulator;

/// <summary>
/// The last <c>capacity</c> items added, oldest first, safe to add to from many requests at once. The count is kept beside
/// the queue: <see cref="ConcurrentQueue{T}.Count"/> takes a snapshot of every segment, too much for each request.
/// </summary>
internal sealed class BoundedLog<T>(int capacity)
{
    private readonly ConcurrentQueue<T> _items = new();
    private int _count;

    public void Add(T item)
    {
        _items.Enqueue(item);
        if (Interlocked.Increment(ref _count) > capacity && _items.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    public IReadOnlyList<T> ToArray() => _items.ToArray();

    public void Clear()
    {
        while (_items.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
