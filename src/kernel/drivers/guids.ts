/** Interface class GUIDs the sample drivers share. */
export const GUID_DEVINTERFACE_SWPNP = '{5d6a8e2c-9b1f-4c3e-8a47-2f0c6e1b9d35}';
/** The WDK samples' "Sample" setup class. */
export const GUID_DEVCLASS_SAMPLE = '{78A1C341-4539-11d3-B88D-00C04FAD5171}';
export const GUID_DEVCLASS_SYSTEM = '{4d36e97d-e325-11ce-bfc1-08002be10318}';

/** The lab's sample drivers are test-signed, as a WDK build signs them with its generated test certificate. */
export const SAMPLE_SIGNATURE = { signer: 'WDKTestCert student,129400000000000000', test: true } as const;
