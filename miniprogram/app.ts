import { config } from './config';

App({
  onLaunch() {
    if (config.transport === 'cloud') {
      wx.cloud.init({ env: config.envId, traceUser: true });
    }
  },
});
