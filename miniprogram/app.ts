import { config } from './config';
import { loadSubscribeTemplates } from './services/subscribe';

App({
  onLaunch() {
    if (config.transport === 'cloud') {
      wx.cloud.init({ env: config.envId, traceUser: true });
    }
    // Only the template ids: nothing is asked of the user until a tap needs it.
    void loadSubscribeTemplates();
  },
});
