package sluice.api.kinesis;

import sluice.common.Scope;

/** Who is asking and where: the caller's account and region (from SigV4). */
public record KinesisContext(Scope scope) {
}
