/**
 * The live-photo check after the card read is a seam for a real identity service (a provincial
 * 统一身份认证 platform or a licensed vendor comparison of the live frame against the card photo).
 */
export interface FaceVerification {
  match: boolean;
  /** Whether a real comparison happened. The embedded verifier says false, and the kiosk shows it. */
  realComparison: boolean;
  verifier: string;
}

export interface IdentityVerifier {
  readonly name: string;
  /** False when the verifier compares nothing (the embedded default). */
  readonly realComparison: boolean;
  verify(liveFrameJpeg: Uint8Array, cardPhoto: Uint8Array | null): Promise<FaceVerification>;
}

/**
 * NOT A REAL COMPARISON. The embedded default accepts any captured camera frame that is a
 * plausible JPEG. It exists so the flow can be demonstrated and tested without an identity service;
 * the kiosk tells the citizen that no comparison was made.
 */
export class EmbeddedAcceptingVerifier implements IdentityVerifier {
  readonly name = 'embedded-accept-any-frame';
  readonly realComparison = false;

  async verify(liveFrameJpeg: Uint8Array): Promise<FaceVerification> {
    const isJpeg = liveFrameJpeg.length > 1000 && liveFrameJpeg[0] === 0xff && liveFrameJpeg[1] === 0xd8;
    return { match: isJpeg, realComparison: false, verifier: this.name };
  }
}
