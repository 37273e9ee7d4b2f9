namespace Barge.Core.Query;

/// <summary>
/// A vector search target with an optional threshold: results no farther than <see cref="Distance"/>, or (cosine only)
/// no less certain than <see cref="Certainty"/>; at most one of the two.
/// </summary>
public abstract record NearSearch(double? Distance, double? Certainty);

/// <summary>Objects nearest to a given vector (its length must be the class's).</summary>
public sealed record NearVector(float[] Vector, double? Distance = null, double? Certainty = null) : NearSearch(Distance, Certainty);

/// <summary>Objects nearest to the stored vector of the object <paramref name="Id"/> of the same class; that object is found too, at distance 0.</summary>
public sealed record NearObject(string Id, double? Distance = null, double? Certainty = null) : NearSearch(Distance, Certainty);
