<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
    <message>
        <source>Not opened: {error}</source>
        <translation>未打开：{error}</translation>
    </message>
    <message>
        <source>{path}: the replay did not start ({why})</source>
        <translation>{path}：回放未能启动（{why}）</translation>
    </message>
    <message>
        <source>LIVE plant:</source>
        <translation>实时工厂：</translation>
    </message>
    <message>
        <source>{live} {count} unacknowledged alarm(s) — Back to live (Ctrl+Shift+L) to see them</source>
        <translation>{live}{count} 条未确认报警 — 返回实时（Ctrl+Shift+L）查看</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>Replay: this console of a control room&apos;s server reads no shared store: start it with --store URL (the store&apos;s read-only role) to replay the shared history</source>
        <translation>回放：本控制室服务器的操作台未读取共享存储；请以 --store URL（存储的只读角色）启动，以回放共享历史</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>SIMULATION</source>
        <translation>仿真</translation>
    </message>
    <message>
        <source>REPLAY</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>dd MMM HH:mm:ss</source>
        <translation>M月d日 HH:mm:ss</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>Demo project: simulated plant and demo accounts (see README)</source>
        <translation>演示项目：仿真工厂和演示账户（见项目说明文档）</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>培训…</translation>
    </message>
    <message>
        <source>Trainer panel: training sessions on the simulated plant, upsets, debriefs (Ctrl+T)</source>
        <translation>培训员面板：仿真工厂上的培训课程、扰动、讲评（Ctrl+T）</translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation>后退（Alt+Left）</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>前进（Alt+Right）</translation>
    </message>
    <message>
        <source>Forced values: open the list ({key})</source>
        <translation>强制值：打开列表（{key}）</translation>
    </message>
    <message>
        <source>{count} forced</source>
        <translation>{count} 个强制</translation>
    </message>
    <message>
        <source>Server online</source>
        <translation>服务器在线</translation>
    </message>
    <message>
        <source>Values, alarms and states from the {where}</source>
        <translation>数值、报警和状态来自{where}</translation>
    </message>
    <message>
        <source>Server unreachable since {when}</source>
        <translation>服务器自 {when} 起无法连接</translation>
    </message>
    <message>
        <source>{why}. Every value shows Bad (COMM) until the server&apos;s full state arrives again; {where}</source>
        <translation>{why}。在重新收到服务器的完整状态之前，所有数值显示为坏值（通讯）；{where}</translation>
    </message>
    <message>
        <source>Replaying {name}: values are recorded, not live; writes are refused</source>
        <translation>正在回放 {name}：数值为记录值而非实时值；写入被拒绝</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>返回实时</translation>
    </message>
    <message>
        <source>Leave the replay: the plant as it is now (Ctrl+Shift+L)</source>
        <translation>退出回放：显示工厂当前状态（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <source>TRAINING: a training session runs on the simulated plant</source>
        <translation>培训：仿真工厂上正在进行培训课程</translation>
    </message>
    <message>
        <source>{mode}: values from the field as they come</source>
        <translation>{mode}：数值随现场实时更新</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>回放…</translation>
    </message>
    <message>
        <source>Open a recording, or this console&apos;s history by time range (Ctrl+O)</source>
        <translation>打开记录文件，或按时间范围打开本操作台的历史（Ctrl+O）</translation>
    </message>
    <message>
        <source>End the training session first (trainer panel)</source>
        <translation>请先结束培训课程（培训员面板）</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>not logged in — view only</source>
        <translation>未登录 — 仅查看</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>LOCKED — {name} ({role})</source>
        <translation>已锁定 — {name}（{role}）</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Time in the recording (the time now is {wall})</source>
        <translation>记录中的时间（当前时间为 {wall}）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>checking with the server…</source>
        <translation>正在向服务器验证…</translation>
    </message>
    <message>
        <source>Unlock console</source>
        <translation>解锁操作台</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The server ended the session ({reason}).</source>
        <translation>服务器已结束会话（{reason}）。</translation>
    </message>
    <message>
        <source>The console was locked after idle time.</source>
        <translation>操作台因空闲超时已锁定。</translation>
    </message>
    <message>
        <source>{why} The plant stays visible; enter your password to act again.</source>
        <translation>{why}工厂画面仍可查看；请输入密码以恢复操作。</translation>
    </message>
    <message>
        <source>Demo project: user name = password = role (viewer, operator, supervisor, engineer, admin)</source>
        <translation>演示项目：用户名 = 密码 = 角色（viewer、operator、supervisor、engineer、admin）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>{project} — operator console</source>
        <translation>{project} — 操作员站</translation>
    </message>
    <message>
        <source> — REPLAY of {file}</source>
        <translation> — 回放 {file}</translation>
    </message>
    <message>
        <source>unknown tag &apos;{tag}&apos;</source>
        <translation>未知位号“{tag}”</translation>
    </message>
    <message>
        <source>Forced values: {why}</source>
        <translation>强制值：{why}</translation>
    </message>
    <message>
        <source>Replay: end the training session first</source>
        <translation>回放：请先结束培训课程</translation>
    </message>
    <message>
        <source>Session ended by the server: {reason}</source>
        <translation>服务器已结束会话：{reason}</translation>
    </message>
</context>
<context>
    <name>ScreenMenu</name>
    <message>
        <source>Overview</source>
        <translation>总貌</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>细节</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Screens ▾</source>
        <translation>画面 ▾</translation>
    </message>
    <message>
        <source>All displays by level and area (Ctrl+K: find a display or a tag)</source>
        <translation>按层级和区域列出所有画面（Ctrl+K：查找画面或位号）</translation>
    </message>
</context>
<context>
    <name>TagSearch</name>
    <message>
        <source>display L{level}</source>
        <translation>画面 L{level}</translation>
    </message>
    <message>
        <source>Find a display or a tag</source>
        <translation>查找画面或位号</translation>
    </message>
    <message>
        <source>display, tag name or description, e.g. dens sp</source>
        <translation>画面、位号名称或描述，例如 dens sp</translation>
    </message>
    <message>
        <source>Find a tag</source>
        <translation>查找位号</translation>
    </message>
    <message>
        <source>tag name or description, e.g. dens sp</source>
        <translation>位号名称或描述，例如 dens sp</translation>
    </message>
</context>
<context>
    <name>UserMenu</name>
    <message>
        <source>Menu ▾</source>
        <translation>菜单 ▾</translation>
    </message>
    <message>
        <source>User menu: the console&apos;s language</source>
        <translation>用户菜单：操作台语言</translation>
    </message>
    <message>
        <source>Language / 语言</source>
        <translation>语言 / Language</translation>
    </message>
</context>
</TS>
