package dev.guidelab.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** {@code guidelab.worker.device} against libtorch's CUDA support and the devices it sees. */
class DeviceChoiceTest {

  @Test
  void autoTakesTheFirstCudaDeviceOnlyWhenThereIsOne() {
    assertEquals(Device.cpu(), DjlEngine.choose("auto", false, 0));
    assertEquals(Device.cpu(), DjlEngine.choose("auto", true, 0));
    assertEquals(Device.gpu(0), DjlEngine.choose("auto", true, 2));
    assertEquals(Device.cpu(), DjlEngine.choose("cpu", true, 2));
  }

  @Test
  void cudaNamesADeviceByIndex() {
    assertEquals(Device.gpu(0), DjlEngine.choose("cuda", true, 1));
    assertEquals(Device.gpu(1), DjlEngine.choose("CUDA:1", true, 2));
  }

  @Test
  void aDeviceThatIsNotThereIsRefusedNamingTheSetting() {
    IllegalArgumentException cpuBuild =
        assertThrows(IllegalArgumentException.class, () -> DjlEngine.choose("cuda", false, 0));
    assertTrue(cpuBuild.getMessage().startsWith("guidelab.worker.device=cuda asks for a CUDA"));
    assertTrue(cpuBuild.getMessage().contains("CPU flavour"), cpuBuild.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> DjlEngine.choose("cuda:2", true, 2));
    assertTrue(missing.getMessage().contains("libtorch sees 2"), missing.getMessage());
    IllegalArgumentException typo =
        assertThrows(IllegalArgumentException.class, () -> DjlEngine.choose("gpu", true, 1));
    assertTrue(typo.getMessage().contains(DjlEngine.DEVICES), typo.getMessage());
  }

  @Test
  void theGpuBuildIsRefusedWhereNoCudaDeviceIsVisible() {
    IllegalArgumentException noGpu =
        assertThrows(
            IllegalArgumentException.class, () -> DjlEngine.requireLoadable("auto", "cu124", 0));
    assertTrue(noGpu.getMessage().startsWith("guidelab.worker.device=auto: this is the GPU"));
    assertTrue(noGpu.getMessage().contains("libtorch cu124"), noGpu.getMessage());
    DjlEngine.requireLoadable("cpu", "cu124", 1);
    DjlEngine.requireLoadable("auto", "cpu", 0);
  }

  @Test
  void thisBuildsLibtorchIsTheCpuFlavour() {
    assertEquals("cpu", DjlEngine.bundledFlavour());
  }
}
